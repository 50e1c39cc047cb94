package dev.emporium.chaos.scenario;

/** One way of breaking the cluster, with the pass criterion it is judged by. */
public interface Scenario {

    /** Its name on the command line and in report directories, such as {@code kill-instances}. */
    String name();

    /** Its pass criterion, in words. */
    String criterion();

    /** Breaks the cluster under load, puts it right again, and judges what the shoppers saw. */
    ScenarioResult run(Chaos chaos) throws InterruptedException;
}
