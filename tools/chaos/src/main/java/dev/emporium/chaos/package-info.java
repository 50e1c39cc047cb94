/**
 * The chaos suite of cluster mode (./emporium chaos): scenarios that break the running cluster on purpose under an
 * open-model load, check what the shoppers saw against a pass criterion, and write a report.
 */
@NullMarked
package dev.emporium.chaos;

import org.jspecify.annotations.NullMarked;
