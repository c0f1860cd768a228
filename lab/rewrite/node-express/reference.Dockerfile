# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM node:20-bookworm-slim

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .

EXPOSE 3000
CMD ["npm", "start"]
