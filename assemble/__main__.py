from assemble.cli import main

main()
