-- "Analysis report published" needs the report behind it (issue 10, item
-- 6): a link to where it is published, or a document uploaded as the
-- analysis report. The document's kind column has a CHECK that SQLite
-- cannot change without copying the table of files, so an analysis report
-- is stored as kind 'other' with analysis_report set (consult.AnalysisReport).
ALTER TABLE consultations ADD COLUMN report_url TEXT NOT NULL DEFAULT '';
ALTER TABLE consultation_documents ADD COLUMN analysis_report BOOLEAN NOT NULL DEFAULT FALSE;
