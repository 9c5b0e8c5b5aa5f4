from innograph.cli import main

main()
