/**
 * The order saga (DESIGN §5): orders asks inventory to reserve, payments to charge, inventory to commit, and confirms
 * the order; or cancels it and asks for compensation (release the stock, refund the charge). Every step is a message
 * through the outbox, every answer is handled once (inbox) in one transaction with the step it causes.
 */
@NullMarked
package dev.emporium.orders.saga;

import org.jspecify.annotations.NullMarked;
