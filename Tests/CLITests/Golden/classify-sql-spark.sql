-- partner-rules sql --dialect spark: the rows `partner-rules classify` keeps, with granularity
WITH superseding AS (
  SELECT DISTINCT CASE WHEN s.`media_source` IN ('gamma_new') THEN 'gamma' END AS k_partner,
    coalesce(CAST(s.`app_id` AS STRING), '') AS k_app,
    coalesce(CAST(s.`date` AS STRING), '') AS k_date
  FROM analytics.perf AS s
  WHERE s.`media_source` IN ('gamma_new')
)
SELECT t.*,
  CASE
    WHEN t.`media_source` IN ('alpha_int', 'Alpha Ads') THEN CASE WHEN translate(coalesce(t.`ad_type`, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/' || chr(9), 'abcdefghijklmnopqrstuvwxyz') IN ('ctv', 'playable', 'playablead', 'playableads') THEN 'ad' ELSE 'creative' END
    WHEN t.`media_source` IN ('beta_int') THEN CASE WHEN translate(coalesce(t.`ad_type`, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/' || chr(9), 'abcdefghijklmnopqrstuvwxyz') IN ('o\'brien\\spot', 'videoplus', 'vp') THEN 'creative' ELSE 'ad' END
    WHEN t.`media_source` IN ('gamma_new', 'gamma_old') THEN CASE WHEN translate(coalesce(t.`ad_type`, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ -_/' || chr(9), 'abcdefghijklmnopqrstuvwxyz') IN ('shoppingads') THEN 'ad' ELSE 'creative' END
    ELSE 'ad'
  END AS `granularity`
FROM analytics.perf AS t
WHERE NOT EXISTS (
  SELECT 1 FROM superseding AS k
  WHERE k.k_partner = CASE WHEN t.`media_source` IN ('gamma_old') THEN 'gamma' END
    AND k.k_app = coalesce(CAST(t.`app_id` AS STRING), '')
    AND k.k_date = coalesce(CAST(t.`date` AS STRING), '')
)
