/** Shown instead of the back office when it cannot run safely, with what to configure. */
export function ConfigurationProblem({ message }: { message: string }) {
  return (
    <main id="main" className="admin-main">
      <section className="panel config-error" role="alert" aria-labelledby="config-title">
        <h1 id="config-title">The back office is not configured</h1>
        <p>{message}</p>
      </section>
    </main>
  );
}
