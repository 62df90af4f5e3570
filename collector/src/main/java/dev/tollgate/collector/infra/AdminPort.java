package dev.tollgate.collector.infra;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;

/**
 * Dropwizard's admin port has no authentication (it can change log levels and show thread
 * dumps), so unless the configuration names a bind host it listens on the loopback
 * interface only. {@code bindHost: 0.0.0.0} opens it on every interface deliberately. (A
 * {@code simple} server factory shares one connector for both and is left as configured.)
 */
public final class AdminPort {

  public static final String LOOPBACK = "127.0.0.1";

  private AdminPort() {}

  public static void bindToLoopbackUnlessConfigured(ServerFactory factory) {
    if (factory instanceof DefaultServerFactory server) {
      loopback(server.getAdminConnectors());
    }
  }

  private static void loopback(List<ConnectorFactory> connectors) {
    for (ConnectorFactory connector : connectors) {
      if (connector instanceof HttpConnectorFactory http && http.getBindHost() == null) {
        http.setBindHost(LOOPBACK);
      }
    }
  }
}
