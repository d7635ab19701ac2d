"""The Discord front end: slash commands over bot.answers, laid out as embeds with charts."""
