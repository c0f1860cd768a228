import http from 'http';
import express from 'express';

const app = express();
app.get('/', (_req, res) => { res.send('Hello from TypeScript!'); });

// SELF_TEST=1: listen on a free port, make one request, print it and exit.
const selfTest = Boolean(process.env.SELF_TEST);
const server = app.listen(selfTest ? 0 : Number(process.env.PORT || 3000), () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
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
