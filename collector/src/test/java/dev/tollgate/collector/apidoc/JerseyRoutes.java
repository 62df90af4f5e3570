package dev.tollgate.collector.apidoc;

import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * The routes of a running application, from the resource model Jersey built when it started
 * (so a resource registered anywhere, by any feature, is seen), as {@code "METHOD /path/{param}"}.
 */
final class JerseyRoutes implements ApplicationEventListener {

  private volatile Set<String> routes = Set.of();

  /** The routes once the application has started. */
  Set<String> routes() {
    return routes;
  }

  @Override
  public void onEvent(ApplicationEvent event) {
    if (event.getType() == ApplicationEvent.Type.INITIALIZATION_FINISHED) {
      routes = of(event.getResourceModel());
    }
  }

  @Override
  public RequestEventListener onRequest(RequestEvent requestEvent) {
    return null;
  }

  static Set<String> of(ResourceModel model) {
    Set<String> out = new TreeSet<>();
    model.getRootResources().forEach(r -> walk(r, "", out));
    return out;
  }

  private static void walk(Resource resource, String prefix, Set<String> out) {
    String path = ConformanceFilter.normalize(prefix + "/" + (resource.getPath() == null ? "" : resource.getPath()));
    for (ResourceMethod method : resource.getResourceMethods()) {
      // Extended methods are Jersey's own (OPTIONS and HEAD answers), not the application's routes.
      if (!method.isExtended()) {
        out.add(method.getHttpMethod() + " " + path);
      }
    }
    resource.getChildResources().forEach(child -> walk(child, path, out));
  }
}
