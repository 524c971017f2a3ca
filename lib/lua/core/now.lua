-- Redis's clock in ms, read where imalert's keys live (in a Cluster: the node of their slot).
-- KEYS[1] any key of the hash tag (only routes the call)
-- Returns the time in ms.
-- include: now-ms
return now_ms()
