// demand_years — the years the graph holds demand for: the headcount firms had and the headcount they stated as
// plans for a coming year (DEMANDS.plan). The latest year with demand that was had is the data's current year.
// parameters: none
// columns:    year, headcount, planned — ordered by year.
MATCH (:Enterprise)-[d:DEMANDS]->(:Occupation)
WITH d.year AS year, coalesce(d.plan, false) AS plan, d.headcount AS headcount
RETURN year, sum(CASE WHEN plan THEN 0 ELSE headcount END) AS headcount,
       sum(CASE WHEN plan THEN headcount ELSE 0 END) AS planned
ORDER BY year
