/**
 * The tools module: what the project runs beside the service but never deploys. The demo, the
 * benchmarks, the sample studies and the embedded broker and registry they run on, and
 * {@link org.medmoe.devtools.DevtoolsMain}, the launcher's entry point, which adds their commands
 * to the service's command line. Depends on the service; the service knows nothing of it.
 */
package org.medmoe.devtools;
