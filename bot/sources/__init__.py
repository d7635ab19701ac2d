"""The sources' own releases, fetched by the bot: where each is found (`catalog`), how it
is fetched (`fetch`), what it becomes (`adapters`), the record of every release taken
and check made (`records`), and the one way to update them all (`update`).
"""
