/**
 * The dead-letter tools behind {@code medmoe dead-letters}: reading the dead-letter topic
 * (committed records only), selecting letters by reason, stage, time and position, printing them,
 * and re-publishing their original records in one transaction.
 */
package org.medmoe.app.deadletters;
