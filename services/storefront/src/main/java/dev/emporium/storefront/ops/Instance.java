package dev.emporium.storefront.ops;

import java.net.URI;

/** One running copy of a service, by its base URL ({@code http://localhost:8083}), as configured. */
record Instance(String service, URI url) {

    /** {@code host:port} (and a path, if the base URL has one): how the console names the instance. */
    String address() {
        String path = this.url.getRawPath() == null || "/".equals(this.url.getRawPath()) ? "" : this.url.getRawPath();
        return this.url.getPort() < 0 ? this.url.getHost() + path : this.url.getHost() + ":" + this.url.getPort() + path;
    }

    /** The base URL followed by {@code path}, whether or not the base ends with a slash. */
    URI resolve(String path) {
        String base = this.url.toString();
        return URI.create(base.endsWith("/") ? base + path.substring(1) : base + path);
    }
}
