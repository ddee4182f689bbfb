import type { TabId } from './screen.ts';
import { Link } from './Link.tsx';

const TABS: readonly { id: TabId; href: string; label: string; icon: string }[] = [
  { id: 'home', href: '/', label: '首页', icon: '⌂' },
  { id: 'persons', href: '/persons', label: '服务对象', icon: '☷' },
  { id: 'records', href: '/records', label: '记录', icon: '✎' },
  { id: 'me', href: '/settings', label: '我的', icon: '☺' },
];

/** The bottom tab bar: within thumb reach on a 360 px phone, each target ≥ 44 px. */
export function TabBar({ active }: { active: TabId }) {
  return (
    <nav class="tabbar" aria-label="主导航">
      <ul>
        {TABS.map((t) => (
          <li key={t.id}>
            <Link href={t.href} aria-current={t.id === active ? 'page' : undefined}>
              <span class="tab-icon" aria-hidden="true">
                {t.icon}
              </span>
              <span>{t.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
