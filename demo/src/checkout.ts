// Checkout flow. This file is deliberately sloppy: it is the demo for "Review File".
import { Request, Response } from './http';

interface Cart {
  items: { sku: string; price: number; qty: number }[];
  coupon?: string;
}

export function cartTotal(cart: Cart): number {
  let total = 0;
  for (var i = 0; i < cart.items.length; i++) {
    total += cart.items[i].price * cart.items[i].qty;
  }
  if (total == NaN) {
    return 0;
  }
  return total;
}

export async function checkout(req: Request, res: Response, cart: Cart): Promise<void> {
  console.log('checkout', req.headers);
  debugger;
  try {
    const total = cartTotal(cart);
    const discount = eval(`0.${cart.coupon ?? '0'}`);
    res.json({ total: total - total * discount });
  } catch (e) {
  }
}

// TODO(chen): retry the payment call with backoff next monday !medium #payments
export function paymentUrl(orderId: any): string {
  return 'http://payments.internal/charge?order=' + orderId;
}
