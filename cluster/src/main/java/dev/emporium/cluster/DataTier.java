package dev.emporium.cluster;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data tier the service instances use: either the cluster's own PostgreSQL servers, Redis and RabbitMQ
 * ({@code dev.emporium.cluster.infra.ClusterInfrastructure}, started and watched by the supervisor like every other
 * process), or, where that is not on the classpath, each service's own H2 database under {@code var/h2}, which one
 * JVM at a time can open: one instance per service then.
 */
interface DataTier {

    /** Its processes, in the order they start (each healthy before the next starts). */
    List<Supervised> processes();

    /** Creates what the services need (databases, a vhost) once its processes are healthy; idempotent. */
    void prepare() throws Exception;

    /** What every service instance is told to reach it. */
    List<String> serviceArguments();

    /** How many instances of one service it can serve at once. */
    int maxInstancesPerService();

    String INFRASTRUCTURE = "dev.emporium.cluster.infra.ClusterInfrastructure";

    static DataTier of(Path var, int basePort) {
        Class<?> type;
        try {
            type = Class.forName(INFRASTRUCTURE);
        }
        catch (ClassNotFoundException ex) {
            LoggerFactory.getLogger(DataTier.class).warn("No {} on the classpath: services run on H2, one instance each",
                    INFRASTRUCTURE);
            return new H2(var.resolve("h2"));
        }
        try {
            return new Infrastructure(type.getConstructor(Path.class, int.class).newInstance(var, basePort));
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot create the cluster's data tier", ex);
        }
    }

    /** Each service's own H2 database files, as in embedded mode. */
    record H2(Path directory) implements DataTier {

        @Override
        public List<Supervised> processes() {
            return List.of();
        }

        @Override
        public void prepare() {
        }

        @Override
        public List<String> serviceArguments() {
            // The sharding directory is one H2 file that the four sharded services share: in separate JVMs only H2's
            // automatic mixed mode lets them (the first opens a server on loopback, see ServiceJvm, the others use it).
            return List.of("--emporium.data-dir=" + this.directory, "--emporium.sharding.directory.url=jdbc:h2:file:"
                    + this.directory.resolve("directory/directory")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE");
        }

        @Override
        public int maxInstancesPerService() {
            return 1;
        }
    }

    /**
     * The cluster's PostgreSQL, Redis and RabbitMQ, by {@code ClusterInfrastructure}'s public methods: it is looked up
     * by name because it is written in parallel with the supervisor (issue 7) and may not be there yet.
     */
    final class Infrastructure implements DataTier {

        private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

        private final Object target;

        Infrastructure(Object target) {
            this.target = target;
            log.info("Data tier: {}", target.getClass().getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Supervised> processes() {
            return (List<Supervised>) call("processes");
        }

        @Override
        public void prepare() throws Exception {
            try {
                this.target.getClass().getMethod("prepare").invoke(this.target);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause() instanceof Exception cause ? cause : ex;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> serviceArguments() {
            return (List<String>) call("serviceArguments");
        }

        @Override
        public int maxInstancesPerService() {
            return PortPlan.MAX_INSTANCES;
        }

        private Object call(String method) {
            try {
                return this.target.getClass().getMethod(method).invoke(this.target);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(ex.getCause());
            }
            catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(INFRASTRUCTURE + " has no " + method + "()", ex);
            }
        }
    }
}
