import type { AgentExecutionContext } from '@baton/sdk';

interface OrderLine {
  productId: string;
  quantity: number;
  unitPrice: number; // minor units
}

interface OrderInput {
  orderId: string;
  customerId: string;
  customerEmail: string;
  currency: string;
  items: OrderLine[];
}

/**
 * Checks what a JSON Schema cannot (one currency, lines merged per product, a positive total) and
 * returns the normalised order, which the ensemble stores as `state.order`. Throwing fails the run.
 */
export default async (context: AgentExecutionContext<OrderInput>) => {
  const { orderId, customerId, customerEmail, currency, items } = context.input;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail)) {
    throw new Error(`order ${orderId}: customerEmail "${customerEmail}" is not an email address`);
  }

  // The same product twice becomes one line, so stock is checked against the total quantity.
  const lines = new Map<string, OrderLine>();
  for (const item of items) {
    const line = lines.get(item.productId);
    if (line && line.unitPrice !== item.unitPrice) {
      throw new Error(`order ${orderId}: product ${item.productId} has two prices`);
    }
    lines.set(item.productId, { ...item, quantity: (line?.quantity ?? 0) + item.quantity });
  }

  const merged = [...lines.values()];
  const total = merged.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  if (total <= 0) throw new Error(`order ${orderId}: the total must be positive`);

  return {
    order: { id: orderId, customerId, customerEmail, currency, items: merged, total },
  };
};
