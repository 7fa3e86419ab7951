/**
 * {@code medmoe drill}: fault drills of the whole service on loopback. Service instances run as
 * child processes so that they can be killed with SIGKILL while study events flow; at the end every
 * output topic is read (read_committed) and checked for lost and duplicated results.
 */
package org.medmoe.devtools.drill;
