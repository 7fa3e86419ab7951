/**
 * Analysis of one study revision, as plain Java: plan which images to look at, fetch and decode
 * them, ask the model the prompt set's questions, and turn the answers into plain results (findings,
 * a triage decision and a report draft, in {@code findings}); the SR write-back fills the SR's
 * content from them. The topology's processor calls {@link org.medmoe.analysis.StudyAnalyzer};
 * nothing here knows Kafka, and of the published records only the input event and the dead-letter
 * reason codes.
 */
package org.medmoe.analysis;
