/** The reports of a chaos run: report.json for machines, a self-contained report.html for people. */
@NullMarked
package dev.emporium.chaos.report;

import org.jspecify.annotations.NullMarked;
