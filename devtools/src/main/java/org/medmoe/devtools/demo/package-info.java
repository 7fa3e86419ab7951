/**
 * {@code medmoe demo}: the whole service on the embedded broker and registry with the sample
 * studies and inputs that are wrong on purpose, the progress and outcome of each, and the HTML report.
 */
package org.medmoe.devtools.demo;
