/**
 * Reading our topics for operators and checks, behind {@code medmoe read}: committed records only,
 * without a consumer group, each value decoded with its writer schema from the schema registry and
 * printed as one JSON object per line.
 */
package org.medmoe.app.topics;
