import { Card, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of a page's panels (dashboard, incident page): a bordered region named by its heading. */
export function PanelShell({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-title`}>
      <Title order={2} size="h4" id={`${id}-title`} mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}
