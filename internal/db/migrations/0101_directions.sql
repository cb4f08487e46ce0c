-- Directions (ss.26-28, issue 14 item 2): to the health board, a council
-- or both (or, under the lead agency model, a function the authority
-- carries out itself). A new direction supersedes an old one, which stays
-- as issued. outcomes holds statute outcome codes and localities the
-- locality ids served, each comma separated ('' for every locality).
CREATE TABLE directions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    reference TEXT NOT NULL,
    year INTEGER NOT NULL,
    addressee TEXT NOT NULL,
    council TEXT NOT NULL DEFAULT '',
    arrangements TEXT NOT NULL DEFAULT '',
    outcomes TEXT NOT NULL DEFAULT '',
    localities TEXT NOT NULL DEFAULT '',
    decision_id BIGINT REFERENCES decisions(id),
    issued_on TEXT NOT NULL,
    review_on TEXT NOT NULL,
    superseded_by BIGINT REFERENCES directions(id),
    created_at {{timestamp}} NOT NULL,
    UNIQUE (partnership_id, reference)
);

-- direction_functions: each delegated function a direction covers, how it
-- is to be carried out and its budget.
CREATE TABLE direction_functions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    direction_id BIGINT NOT NULL REFERENCES directions(id) ON DELETE CASCADE,
    function_id BIGINT NOT NULL REFERENCES delegated_functions(id),
    how TEXT NOT NULL,
    budget_pence BIGINT NOT NULL,
    UNIQUE (direction_id, function_id)
);
