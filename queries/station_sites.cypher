// station_sites — the existing service stations and the candidate sites for new ones: every
// district seat, every skills eco-park, schools with at least $min_students students and
// enterprises with at least $min_employees employees. A site without coordinates sits at its
// district's seat.
// parameters: $min_students (int), $min_employees (int)
// columns:    kind ('service_station' | 'district_seat' | 'eco_park' | 'school' | 'enterprise'), id,
//             name_zh, name_en, district, lat, lng, size (students or employees; null for the others)
//             — ordered by kind, id.

CALL () {
  MATCH (s:ServiceStation)
  RETURN 'service_station' AS kind, s AS site, null AS size
  UNION ALL
  MATCH (s:District)
  RETURN 'district_seat' AS kind, s AS site, null AS size
  UNION ALL
  MATCH (s:EcoPark)
  RETURN 'eco_park' AS kind, s AS site, null AS size
  UNION ALL
  MATCH (s:School) WHERE s.students >= $min_students
  RETURN 'school' AS kind, s AS site, s.students AS size
  UNION ALL
  MATCH (s:Enterprise) WHERE s.employees >= $min_employees
  RETURN 'enterprise' AS kind, s AS site, s.employees AS size
}
WITH kind, site, size, CASE kind WHEN 'district_seat' THEN site.id ELSE site.district END AS district
OPTIONAL MATCH (place:District {id: district})
RETURN kind,
       site.id AS id,
       site.name_zh AS name_zh,
       site.name_en AS name_en,
       district,
       // a district seat is the seat itself; anything else where it is, else at its district's seat
       toFloat(CASE kind WHEN 'district_seat' THEN coalesce(site.seat_lat, site.lat)
               ELSE coalesce(site.lat, place.seat_lat, place.lat) END) AS lat,
       toFloat(CASE kind WHEN 'district_seat' THEN coalesce(site.seat_lng, site.lng)
               ELSE coalesce(site.lng, place.seat_lng, place.lng) END) AS lng,
       size
ORDER BY kind, id
