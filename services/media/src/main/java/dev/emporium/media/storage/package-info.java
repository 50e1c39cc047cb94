/**
 * Where the bytes of uploaded images live, behind the {@link dev.emporium.media.storage.ImageStorage} port; the
 * database keeps only their description.
 *
 * <p>Adapters: {@code emporium.media.storage.type=local} (the default) keeps objects as files under
 * {@code emporium.media.storage.local.root} ({@code ${emporium.data-dir}/media/objects}), written atomically.
 *
 * <p>Plugging in an S3-compatible store (AWS S3, MinIO, Ceph): add the client library to the root pom's
 * dependency management and this module, then, in this package, a package-private {@code S3ImageStorage}
 * implementing the port (keys map one to one to object keys; {@code contentType} becomes the object's
 * {@code Content-Type}; a missing object is an empty {@code get}), its settings as a nested record of
 * {@link dev.emporium.media.storage.StorageProperties} ({@code emporium.media.storage.s3.bucket}, {@code endpoint},
 * {@code region}, credentials from the environment), and a bean for it in
 * {@link dev.emporium.media.storage.StorageConfiguration} conditional on {@code emporium.media.storage.type=s3}.
 * Nothing outside this package changes: uploads and the CDN origin only know the port.
 */
@NullMarked
package dev.emporium.media.storage;

import org.jspecify.annotations.NullMarked;
