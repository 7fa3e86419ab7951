/**
 * Analysis of one study revision, as plain Java: plan which images to look at, fetch and decode
 * them, ask the model the prompt set's questions, and turn the answers into findings, a triage
 * decision and a report draft. The topology's processor calls {@link org.medmoe.analysis.StudyAnalyzer};
 * nothing here knows Kafka.
 */
package org.medmoe.analysis;
