/** The optimising dispatch planner: open and not-yet-started work over the horizon, planned on Timefold Solver. */
package io.yunwei.dispatch.planner;
