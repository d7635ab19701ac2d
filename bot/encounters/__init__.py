"""CBP's nationwide encounters, from CBP's own file by area of responsibility.

`read` checks and parses the file as CBP publishes it; `store` keeps one release's
counts by month, region, component, sector or field office, demographic, citizenship
and title, and answers the breakdown questions from it; the southwest monthly series
the other answers use is derived from the same release (`read.southwest_csv`).
"""
