"""Understanding a message: normalisation, numbers, cities, intent and slots. Imports nothing of answers, web or cli."""
