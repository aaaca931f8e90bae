package org.policykg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.server.CommunityBootstrapper;

/**
 * A Neo4j Community server on loopback for PolicyKG: Bolt, and HTTP for Neo4j Browser users.
 *
 * <pre>
 *   LocalNeo4j --data DIR [--bolt-port 7687] [--http-port 7474] [--pagecache 256m]
 * </pre>
 *
 * The server keeps everything under DIR (its databases, transaction logs and logs). Auth is off
 * unless NEO4J_PASSWORD is set: then the user neo4j (or NEO4J_USER) gets that password, with no
 * change required at first login. One line "ready bolt://… http://…" on stdout says it accepts
 * connections; SIGTERM or SIGINT stops it cleanly (its databases are checkpointed and closed).
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path home = Path.of(opts.get("--data")).toAbsolutePath();
        Files.createDirectories(home);
        String bolt = "127.0.0.1:" + opts.getOrDefault("--bolt-port", "7687");
        String httpPort = opts.getOrDefault("--http-port", "7474");
        String password = System.getenv("NEO4J_PASSWORD");
        String user = System.getenv().getOrDefault("NEO4J_USER", "neo4j");
        if (password != null && password.length() < 8) {
            fail("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum), or leave it unset for no auth");
        }

        Map<String, String> config = new HashMap<>();
        config.put("server.default_listen_address", "127.0.0.1");
        config.put("server.default_advertised_address", "127.0.0.1");
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", bolt);
        config.put("server.bolt.advertised_address", bolt);
        config.put("server.http.enabled", String.valueOf(!httpPort.equals("0")));
        config.put("server.http.listen_address", "127.0.0.1:" + (httpPort.equals("0") ? "7474" : httpPort));
        config.put("server.https.enabled", "false");
        config.put("server.memory.pagecache.size", opts.getOrDefault("--pagecache", "256m"));
        config.put("dbms.security.auth_enabled", String.valueOf(password != null));
        config.put("dbms.usage_report.enabled", "false");
        config.put("db.tx_log.preallocate", "false");
        // One transaction may use at most this much heap: a runaway query fails alone, with a
        // MemoryPoolOutOfMemoryError, instead of taking the server down.
        config.put("db.memory.transaction.max", opts.getOrDefault("--tx-memory", "512m"));
        config.put("db.shutdown_transaction_end_timeout", "2s");
        // Bolt's own shutdown waits twice for a 5 s quiet period by default; a test run stops it often.
        config.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        config.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
        config.put("server.http.advertised_address", "127.0.0.1:" + httpPort);
        config.put("server.directories.logs", home.resolve("logs").toString());

        // The bootstrapper installs its own shutdown hook: SIGTERM/SIGINT stop the server cleanly.
        CommunityBootstrapper server = new CommunityBootstrapper();
        int status = server.start(home, config);
        if (status != 0) {
            fail("Neo4j did not start (status " + status + "); see " + home.resolve("logs"));
        }
        if (password != null) {
            setPassword(server, user, password);
        }
        System.out.println("ready bolt://" + bolt
                + (httpPort.equals("0") ? "" : " http://127.0.0.1:" + httpPort) + " data " + home);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The password for the user, required at once (a restart with the same one changes nothing). */
    private static void setPassword(CommunityBootstrapper server, String user, String password) {
        try {
            server.getDatabaseManagementService().database("system").executeTransactionally(
                    "ALTER USER " + quoteName(user) + " IF EXISTS SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // The server refuses to set the password a user already has: that is the restart case.
            if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i];
            if (!key.equals("--data") && !key.equals("--bolt-port") && !key.equals("--http-port")
                    && !key.equals("--pagecache") && !key.equals("--tx-memory") || i + 1 >= args.length) {
                fail("usage: run --data DIR [--bolt-port N] [--http-port N|0] [--pagecache SIZE] (got " + key + ")");
            }
            opts.put(key, args[i + 1]);
        }
        if (!opts.containsKey("--data")) {
            fail("usage: run --data DIR [--bolt-port N] [--http-port N|0] [--pagecache SIZE]: name the data folder");
        }
        return opts;
    }

    private static void fail(String message) {
        System.err.println("local neo4j: " + message);
        System.exit(2);
    }
}
