"""Commands of this area are added as the area lands."""

COMMANDS: list = []
