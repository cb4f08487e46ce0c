-- The core integration indicators' figures (issue 14, items 5 and 7), per
-- partnership (and locality, '' for the whole partnership), indicator,
-- year and time period, in the layout of Public Health Scotland's
-- workbook; and Scotland's, for comparison. year is the year the period
-- starts (2023 for 2023/24 and for calendar 2023); year_label is how the
-- source writes it. Each import is a figure set, which says whether its
-- figures are illustrative (the demo's, generated) or from a published
-- source: every page and API answer that shows a figure says which.
-- partnership_id of a set is NULL for an import across the instance.
CREATE TABLE indicator_sets (
    id {{id}},
    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE CASCADE,
    illustrative BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    imported_at {{timestamp}} NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE indicator_figures (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    set_id BIGINT NOT NULL REFERENCES indicator_sets(id) ON DELETE CASCADE,
    locality TEXT NOT NULL DEFAULT '',
    indicator TEXT NOT NULL,
    year INTEGER NOT NULL,
    year_label TEXT NOT NULL,
    period TEXT NOT NULL,
    provisional BOOLEAN NOT NULL DEFAULT FALSE,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    rate DOUBLE PRECISION NOT NULL,
    lower_ci DOUBLE PRECISION,
    upper_ci DOUBLE PRECISION,
    UNIQUE (partnership_id, locality, indicator, year, period)
);
-- The benchmark reads one indicator and year across every partnership.
CREATE INDEX indicator_figures_benchmark ON indicator_figures (indicator, year, period, locality);

CREATE TABLE scotland_indicator_figures (
    id {{id}},
    set_id BIGINT NOT NULL REFERENCES indicator_sets(id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    year INTEGER NOT NULL,
    year_label TEXT NOT NULL,
    period TEXT NOT NULL,
    provisional BOOLEAN NOT NULL DEFAULT FALSE,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    rate DOUBLE PRECISION NOT NULL,
    lower_ci DOUBLE PRECISION,
    upper_ci DOUBLE PRECISION,
    UNIQUE (indicator, year, period)
);
