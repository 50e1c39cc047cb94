/**
 * Admin uploads of product images: PNG or JPEG, recognised from the bytes, checked against size and pixel limits,
 * rendered once into content-hashed variants (thumbnail, card, full) that the CDN origin serves as immutable files.
 * Originals and variants go to the image storage; the database describes them.
 */
@NullMarked
package dev.emporium.media.upload;

import org.jspecify.annotations.NullMarked;
