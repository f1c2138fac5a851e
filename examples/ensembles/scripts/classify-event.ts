import type { AgentExecutionContext } from '@baton/sdk';

interface IncomingEvent {
  id?: string;
  type?: string;
  data?: { message?: string; plan?: string; customer?: { email?: string; tier?: string } };
}

type Category = 'support' | 'billing' | 'product' | 'ignored';
type Priority = 'low' | 'normal' | 'high' | 'urgent';

// Event types are namespaced (`support.request_created`); the namespace decides the route.
const categories: Record<string, Category> = {
  support: 'support',
  invoice: 'billing',
  payment: 'billing',
  subscription: 'billing',
  feature: 'product',
};

const urgentWords = /\b(outage|down|urgent|data loss|security)\b/i;

export default async (context: AgentExecutionContext<{ event: IncomingEvent; source: string }>) => {
  const { event, source } = context.input;
  const type = event.type ?? 'unknown';
  const category = categories[type.split('.')[0]] ?? 'ignored';
  const message = event.data?.message ?? '';

  let priority: Priority = 'normal';
  if (urgentWords.test(message)) priority = 'urgent';
  else if (event.data?.customer?.tier === 'enterprise') priority = 'high';
  else if (category === 'ignored') priority = 'low';

  const firstLine = message.split('\n')[0].trim();
  return {
    category,
    priority,
    summary: `[${source}] ${type}${firstLine ? `: ${firstLine.slice(0, 120)}` : ''}`,
  };
};
