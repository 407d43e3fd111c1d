from orfo.cli import main

main()
