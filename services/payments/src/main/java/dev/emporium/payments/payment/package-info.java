/**
 * An order's payment: charged at the provider on {@code payments.charge}, refunded on {@code payments.refund}, each
 * once per order whatever the redeliveries, with the outcome answered to the order saga.
 */
@NullMarked
package dev.emporium.payments.payment;

import org.jspecify.annotations.NullMarked;
