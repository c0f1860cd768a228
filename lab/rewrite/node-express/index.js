const http = require('http');
const express = require('express');

const app = express();

app.get('/', (req, res) => res.send('Hello from Express!'));
app.get('/health', (req, res) => res.json({ status: 'ok' }));

// SELF_TEST=1: listen on a free port, make one request, print it and exit.
const selfTest = Boolean(process.env.SELF_TEST);
const server = app.listen(selfTest ? 0 : process.env.PORT || 3000, () => {
  const { port } = server.address();
  if (!selfTest) {
    console.log(`listening on ${port}`);
    return;
  }
  http.get(`http://127.0.0.1:${port}/`, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      console.log(res.statusCode, body);
      server.close();
    });
  });
});

module.exports = app;
