/**
 * What a study's answers mean, as plain Java: aggregation over the images, the triage rules, the
 * report draft ({@link org.medmoe.findings.StudyResult}, {@link org.medmoe.findings.TriageResult},
 * {@link org.medmoe.findings.DraftResult}), and {@link org.medmoe.findings.FindingsMapper}, the one
 * place where they become the published Avro records.
 */
package org.medmoe.findings;
