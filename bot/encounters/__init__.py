"""CBP's nationwide encounters, from CBP's own file by area of responsibility.

`read` checks and parses the file as CBP publishes it; `store` keeps every month any
release gave, each from the newest release that has it, by region, component, sector
or field office, demographic, citizenship and title, and answers the breakdown
questions from it; the southwest monthly series and fiscal-year totals the other
answers use are derived from those months (`read.southwest_csv`, `read.annual_csv`).
"""
