from hfs_tui.cli import main

raise SystemExit(main())
