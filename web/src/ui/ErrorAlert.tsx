import { Alert } from '@mantine/core';
import { errorLines } from '../api/client.ts';

/** A refusal or failure, with the server's own message (the guard's, in the UI's language). */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const [first, ...rest] = errorLines(error);
  return (
    <Alert color="red" role="alert" data-testid="error" title={first}>
      {rest.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
          {rest.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
