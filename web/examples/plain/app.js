// @ts-check
// Record the version of the policy that the user was shown.
document.addEventListener("policy:viewed", (e) => {
  const { policy, version } = e.detail;
  fetch("/api/seen", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ policy, version }),
  });
});
