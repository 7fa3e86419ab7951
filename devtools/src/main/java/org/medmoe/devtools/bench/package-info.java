/** {@code medmoe bench} and its subcommands ({@code serde}, {@code dicom}, {@code model}, {@code pipeline}). */
package org.medmoe.devtools.bench;
