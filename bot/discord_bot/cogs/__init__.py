"""One cog per feature: answers, schedules, alerts and data refreshes."""
