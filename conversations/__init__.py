"""The dialogs the user sees (aiogram routers), forms declared as data over one form engine,
keyboards and Fluent texts. Knows no SQL: calls storage.
"""
