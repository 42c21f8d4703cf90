-- Indexes for the lists every screen opens. With a million items in 10,000 registrations
-- of 1,000 units, the unit list counted each unit's registrations by scanning them all
-- (2.9 s), and the registration list summed each registration's item sizes from the
-- table rows (1.0 s); with these the unit list takes 3 ms and the sizes come from the
-- index alone (0.25 s).

CREATE INDEX registrations_unit ON registrations(unit_id);
CREATE INDEX items_registration_size ON items(registration_id, size);
