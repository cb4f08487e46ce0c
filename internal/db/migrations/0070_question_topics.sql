-- Reach by an answer (issue 13, items 1-2): a question copied from the
-- question bank keeps the bank's topic ("Equality monitoring: age", "About
-- you: prescribed groups"), so the analysis knows which questions of a
-- questionnaire are monitoring questions and can count responses by their
-- answers. '' for a question a partnership wrote itself. Questions asked
-- before the topic was kept get it where their wording is still a bank
-- question's, word for word.
ALTER TABLE questions ADD COLUMN topic TEXT NOT NULL DEFAULT '';
UPDATE questions SET topic = COALESCE((SELECT MIN(b.topic) FROM bank_questions b
    WHERE b.text = questions.text AND (b.partnership_id IS NULL OR b.partnership_id = (SELECT c.partnership_id
        FROM questionnaires qn JOIN consultations c ON c.id = qn.consultation_id WHERE qn.id = questions.questionnaire_id))), '');
